"""Screens: the main reader, dialogs and the help screen."""
