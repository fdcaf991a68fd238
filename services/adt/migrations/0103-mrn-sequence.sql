-- Medical record numbers are issued from this sequence (seven digits, then a check digit).
CREATE SEQUENCE mrn_sequence START WITH 1000 MAXVALUE 9999999 NO CYCLE;
