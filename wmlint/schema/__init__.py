"""The metadata schema: the generated fast check (the gate) answers "clean?", and
jsonschema explains what it rejects, with one coded diagnostic per problem. Imports only
the model (and the generated schema data)."""
