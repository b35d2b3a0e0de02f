// In Clang 19's release build the recursion of overflow_stack is a loop
// that never ends: a translation unit that hangs.
int before;
#pragma clang __debug overflow_stack
int after;
