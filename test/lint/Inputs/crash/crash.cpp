// Crashes Clang's own preprocessor (a trap), before the analysis runs.
int before;
#pragma clang __debug crash
int after;
