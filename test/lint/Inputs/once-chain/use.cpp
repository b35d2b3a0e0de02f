#include "init.h"
void Serve() { GlobalInitOrDie(); }
