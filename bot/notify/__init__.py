"""Messages to clients outside a turn: the business's answer to a request, and later
reminders and agents' replies."""
