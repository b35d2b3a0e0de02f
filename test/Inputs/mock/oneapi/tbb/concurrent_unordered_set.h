// Mock oneTBB <oneapi/tbb/concurrent_unordered_set.h> for cta tests.
#pragma once
#include <oneapi/tbb/concurrent_unordered_map.h>
