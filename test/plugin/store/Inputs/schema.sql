-- The UNIQUE constraints sql-schema.cpp teaches cta.
CREATE TABLE users (
  id serial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text
);
CREATE TABLE notes (id int, owner text, body text);
