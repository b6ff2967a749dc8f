"""The course's slider demos, one module per chapter; each function returns a :class:`Demo`."""
