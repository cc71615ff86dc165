"""The command-line shell: parse, call the store and the rules, hand results to a renderer."""
