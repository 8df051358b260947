"""The newsletter: sign-ups with double opt-in, one-click unsubscribe and removal
(subscriptions), and composing and sending issues in batches through the queue (sending)."""
