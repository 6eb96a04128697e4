"""The two gates between wmlint and the machine it runs on: :mod:`wmlint.io.fs` for every file
read, directory walk and write, :mod:`wmlint.io.proc` for every process started. Both sit at
the bottom of the layers and import nothing else of wmlint."""
