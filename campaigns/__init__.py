"""Runtime data: what people create while Signaal runs, kept apart from the rebuildable content.

Chat-session bookkeeping (hashes and timestamps only), campaigns with their participants and
answers, and the trainer account with its sessions. Its own tables (tables.py) and Alembic
migrations (migrations/), its own engine (db.py); refusals are codes (errors.py) that the
webchat and the bot put into words. It reads quiz questions through content.store and knows
nothing of the webchat or the bot.
"""
