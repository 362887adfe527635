"""The mozdef command line."""
