-- What happened, beside why an order needs review: a time-critical dose held, refused or not given.
ALTER TABLE orders ADD COLUMN review_note text;
