#include "init.h"
#include <thread>
// Ordinary code calls LoadSymbols as well: the helper runs concurrently.
void Reload() { std::thread([] { LoadSymbols(); }).detach(); }
int ReloadNow() { return LoadSymbols(); }
