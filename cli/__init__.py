"""The `stancemark` command and its subcommands that need no screen."""
