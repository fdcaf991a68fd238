-- Why a prescriber must review an order: a move between levels of care, or its reinstatement
-- after a cancelled discharge. Replaces the yes/no flag.
ALTER TABLE orders ADD COLUMN review_reason text;
UPDATE orders SET review_reason = 'level-of-care' WHERE review_pending;
ALTER TABLE orders DROP COLUMN review_pending;
