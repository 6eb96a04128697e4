"""Source text and positions: the strict JSON parser of the metadata with its line/column
index, and the multipart/form-data reader. Imports only the model."""
