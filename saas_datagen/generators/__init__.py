"""Pure generators: (seed, env, as_of) + parent frames -> polars DataFrames."""
