"""Weekly insights over the warehouse's marts: the market, and each profile's place in it."""
