// The start-up of a library: a pthread_once body (once.cpp) calls the
// initializers of other translation units (syms.cpp).
int LoadSymbols();
int TimerInit();
void GlobalInitOrDie();
