"""The words synthetic newsroom data is made of (``words``) and the sentences,
names and titles made from them (``sentences``)."""
