// Makes Clang report a fatal error: LLVM prints it and aborts.
int before;
#pragma clang __debug llvm_fatal_error
int after;
