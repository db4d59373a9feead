"""What the app remembers between runs: settings, keys in the OS keychain, lookup history."""
