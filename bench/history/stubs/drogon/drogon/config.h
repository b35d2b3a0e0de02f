// Stands in for the config.h CMake generates from cmake/templates/config.h.in
// in a drogon build of 2019: no database backend compiled in.
#pragma once
#define USE_POSTGRESQL 0
#define LIBPQ_SUPPORTS_BATCH_MODE 0
#define USE_MYSQL 0
#define USE_SQLITE3 0
