//===- ChildGroups.h - The process groups cta confirm started -------------===//
//
/// \file
/// Every child of `cta confirm` that outlives a call, a round's harness
/// (Runner.cpp) or a store's server (StoreServer.cpp), runs in a process
/// group of its own, so the terminal's Ctrl-C reaches only cta. This
/// registry is how cta takes them down on Ctrl-C or SIGTERM
/// (docs/architecture.md, "Confirm"): LLVM's interrupt function kills every
/// registered group and removes the directories registered with them.
//
//===----------------------------------------------------------------------===//

#ifndef CTA_TOOLS_CONFIRM_CHILDGROUPS_H
#define CTA_TOOLS_CONFIRM_CHILDGROUPS_H

#include "llvm/ADT/StringRef.h"
#include <sys/types.h>

namespace cta {

/// Registers the process group led by \p Leader. On an interrupt the
/// leader first gets \p StopSignal (when non-zero; a server's own
/// immediate shutdown, e.g. SIGQUIT for postgres) and a bounded wait, then
/// the group gets SIGKILL; \p Dir (when non-empty) is then removed.
/// Returns false when the registry is full (the group is then not killed
/// on an interrupt).
bool trackGroup(pid_t Leader, llvm::StringRef Dir = "", int StopSignal = 0);

/// Forgets \p Leader's group (it was stopped and reaped by its owner).
void untrackGroup(pid_t Leader);

/// Takes down every registered group as trackGroup describes; safe in a
/// signal handler (fixed storage, atomics, fork/exec for rm).
void killAllGroups();

/// Installs (once) LLVM's interrupt function: killAllGroups, then die of
/// SIGINT.
void installInterruptHandler();

} // namespace cta

#endif // CTA_TOOLS_CONFIRM_CHILDGROUPS_H
