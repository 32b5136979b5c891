-- Runs once, when the postgres-data volume is first initialised: the database `npm test` uses.
CREATE DATABASE test;
