// Found through a relative -I of the compile command.
#pragma once
#include <map>

inline std::map<int, int> g_slots;
