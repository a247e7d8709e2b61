"""What the hub sends to people: emails through the outbox (written in the transaction of the
decision that causes them, delivered exactly once by a worker) and in-app notices."""
