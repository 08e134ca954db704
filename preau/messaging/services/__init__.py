"""All writes of the messagerie (house rule 1): compose, mailbox, moderation, fan-out."""
