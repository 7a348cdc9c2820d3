-- Run once by the postgres image on an empty data volume (docker-entrypoint-initdb.d), as POSTGRES_USER, who owns
-- them. Each service owns one database and creates its own tables (Flyway) when it starts.
CREATE DATABASE relay_auth;
CREATE DATABASE relay_user;
CREATE DATABASE relay_friend;
CREATE DATABASE relay_group;
CREATE DATABASE relay_private_message;
CREATE DATABASE relay_group_message;
