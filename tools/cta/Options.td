//===- Options.td - The options of `cta lint`, `confirm` and `report` -----===//
//
// One table for the subcommands. An option several subcommands take is
// defined once, visible to each; the rest are visible to one. Every option
// that takes a value accepts `--name value` and `--name=value`; the short
// ones also `-jN`. docs/cli.md describes each.
//
//===----------------------------------------------------------------------===//

include "llvm/Option/OptParser.td"

def LintOption : OptionVisibility;
def ConfirmOption : OptionVisibility;
def ReportOption : OptionVisibility;

class Both { list<OptionVisibility> Visibility = [LintOption, ConfirmOption]; }
class LintOnly { list<OptionVisibility> Visibility = [LintOption]; }
class ConfirmOnly { list<OptionVisibility> Visibility = [ConfirmOption]; }
class ReportOnly { list<OptionVisibility> Visibility = [ReportOption]; }
class All {
  list<OptionVisibility> Visibility = [LintOption, ConfirmOption, ReportOption];
}

// Sections of `--help`, in this order.
def grp_inputs : OptionGroup<"inputs">, HelpText<"inputs">;
def grp_running : OptionGroup<"running">, HelpText<"running">;
def grp_output : OptionGroup<"output">, HelpText<"output">;
def grp_filters : OptionGroup<"filters">, HelpText<"filters">;
def grp_fixes : OptionGroup<"fixes">, HelpText<"fixes">;

// `--name value` and `--name=value`.
multiclass Eq<string name, string meta, string help> {
  def NAME : Separate<["--"], name>, MetaVarName<meta>, HelpText<help>;
  def NAME # _eq : Joined<["--"], name # "=">, Alias<!cast<Separate>(NAME)>;
}
// `-x value`, `-xvalue` and `-x=value`.
multiclass Short<string name, string meta, string help> {
  def NAME : JoinedOrSeparate<["-"], name>, MetaVarName<meta>, HelpText<help>;
  def NAME # _eq : Joined<["-"], name # "=">, Alias<!cast<JoinedOrSeparate>(NAME)>;
}

//--- Shared by lint and confirm --------------------------------------------

defm p : Short<"p", "<build-dir>", "directory holding compile_commands.json">,
         Both, Group<grp_inputs>;
defm config : Eq<"config", "<file>",
                 "YAML configuration (docs/configuration.md)">,
              Both, Group<grp_inputs>;
defm j : Short<"j", "<N>", "parallel jobs (default: all cores)">,
         HelpTextForVariants<[ConfirmOption],
                             "findings confirmed in parallel (default 1)">,
         Both, Group<grp_running>;
defm format : Eq<"format", "text|json|sarif",
                 "output format (default: text)">,
              Both, Group<grp_output>;
defm o : Short<"o", "<file>", "write the output to <file>">,
         HelpTextForVariants<[ReportOption],
                             "the HTML file to write ('-': standard output)">,
         All, Group<grp_output>;
def help : Flag<["--"], "help">, HelpText<"print this help">, All;
def h : Flag<["-"], "h">, Alias<help>, All;

//--- cta lint --------------------------------------------------------------

defm sarif : Eq<"sarif", "<file>", "also write the findings as SARIF 2.1.0">,
             LintOnly, Group<grp_output>;
defm min_confidence : Eq<"min-confidence", "<level>",
                         "report findings of this confidence or above: low, "
                         "medium or high (default: the config's, else medium)">,
                      LintOnly, Group<grp_output>;
defm source_root : Eq<"source-root", "<dir>",
                      "SARIF URIs relative to <dir> (default: the git root "
                      "above compile_commands.json)">,
                   LintOnly, Group<grp_output>;
def color : Flag<["--"], "color">,
            HelpText<"force colored diagnostics">, LintOnly, Group<grp_output>;
def no_color : Flag<["--"], "no-color">,
               HelpText<"disable colored diagnostics">, LintOnly,
               Group<grp_output>;
def no_cache : Flag<["--"], "no-cache">,
               HelpText<"analyze every translation unit again; do not read or "
                        "write <build-dir>/.cta-cache">,
               LintOnly, Group<grp_inputs>;
defm tu_timeout : Eq<"tu-timeout", "<sec>",
                     "stop analyzing a translation unit after <sec> seconds "
                     "(default 300; 0: no limit)">,
                  LintOnly, Group<grp_running>;
def no_isolate : Flag<["--"], "no-isolate">,
                 HelpText<"analyze in this process instead of one worker "
                          "process per translation unit (for debugging: a "
                          "crash in Clang ends the run)">,
                 LintOnly, Group<grp_running>;
def dump_config : Flag<["--"], "dump-config">,
                  HelpText<"print the configuration that applies to [file] "
                           "as YAML, and exit">,
                  LintOnly, Group<grp_inputs>;
def hook : Flag<["--"], "hook">,
           HelpText<"pre-commit mode: lint the files given, headers through "
                    "the translation units that include them; find "
                    "compile_commands.json when -p is not given">,
           LintOnly, Group<grp_inputs>;
def progress : Flag<["--"], "progress">,
               HelpText<"show [n/N] file progress on standard error, also when "
                        "it is not a terminal">,
               LintOnly, Group<grp_output>;
def no_progress : Flag<["--"], "no-progress">,
                  HelpText<"no progress, also on a terminal">, LintOnly,
                  Group<grp_output>;
def quiet : Flag<["--"], "quiet">,
            HelpText<"print only findings and errors: no progress, summary "
                     "or notes">,
            LintOnly, Group<grp_output>;
def fix : Flag<["--"], "fix">, HelpText<"apply fix-its in place">, LintOnly,
          Group<grp_fixes>;
defm export_fixes : Eq<"export-fixes", "<file>",
                       "write fix-its as clang-apply-replacements YAML">,
                    LintOnly, Group<grp_fixes>;
// `-- <compile flags>`: analyze the files with these flags instead of a
// compilation database.
def dash_dash : Option<["--"], "", KIND_REMAINING_ARGS>,
                MetaVarName<"<compile flags>">,
                HelpText<"analyze the files with these compile flags instead "
                         "of a compilation database">,
                LintOnly, Group<grp_inputs>;

// Which translation units and findings a lint run reports
// (tools/cta/lint/Filters.cpp).
defm shard : Eq<"shard", "<K>/<N>",
                "analyze shard K of N of the translation units (a hash of "
                "each path)">,
             LintOnly, Group<grp_inputs>;
defm diff : Eq<"diff", "<rev>",
               "report only findings whose check or act line changed since "
               "<rev> (git diff -U0 <rev>)">,
            LintOnly, Group<grp_filters>;
defm line_filter : Eq<"line-filter", "<json>",
                      "report only findings on these lines, in clang-tidy's "
                      "format: [{\"name\":\"a.cpp\",\"lines\":[[1,3]]}]">,
                   LintOnly, Group<grp_filters>;
defm header_filter : Eq<"header-filter", "<regex>",
                        "report findings in headers only when the header's "
                        "path matches (default: every header)">,
                     LintOnly, Group<grp_filters>;
defm baseline : Eq<"baseline", "<file>",
                   "hide the findings recorded in <file>">,
                LintOnly, Group<grp_filters>;
defm write_baseline : Eq<"write-baseline", "<file>",
                         "record the reported findings in <file>">,
                      LintOnly, Group<grp_filters>;

//--- cta confirm -----------------------------------------------------------

defm findings : Eq<"findings", "<file>",
                   "findings to confirm (SARIF from cta lint or the plugin)">,
                ConfirmOnly, Group<grp_inputs>;
defm finding : Eq<"finding", "<fingerprint>",
                  "only the findings whose fingerprint starts with this">,
               ConfirmOnly, Group<grp_inputs>;
def function : MultiArg<["--"], "function", 2>,
               MetaVarName<"<name> <file>">,
               HelpText<"confirm one function of a translation unit">,
               ConfirmOnly, Group<grp_inputs>;
defm fixtures : Eq<"fixtures", "<file>",
                   "CTA_FIXTURE(...) definitions (repeatable)">,
                ConfirmOnly, Group<grp_inputs>;
defm link : Eq<"link", "<input>",
               "library or object to link into harnesses (repeatable)">,
            ConfirmOnly, Group<grp_inputs>;
defm link_from : Eq<"link-from", "<build-dir>",
                    "derive link inputs from this Ninja build tree">,
                 ConfirmOnly, Group<grp_inputs>;

defm redis_url : Eq<"redis-url", "<host:port|unix:path>",
                    "run store rounds against this Redis (its database 0..15 "
                    "is flushed) instead of a throw-away one">,
                ConfirmOnly, Group<grp_inputs>;
defm redis_server : Eq<"redis-server", "<path>",
                       "the redis-server that store rounds start "
                       "(default: redis-server on PATH)">,
                    ConfirmOnly, Group<grp_inputs>;

defm pg_dsn : Eq<"pg-dsn", "<conninfo>",
                 "run PostgreSQL store rounds against this database (a "
                 "libpq conninfo or URI; each job recreates a schema "
                 "cta_job<N> in it) instead of a throw-away cluster">,
             ConfirmOnly, Group<grp_inputs>;
defm pg_bin : Eq<"pg-bin", "<dir>",
                 "the directory of the initdb, postgres and pg_ctl that "
                 "store rounds start (default: initdb's on PATH, else "
                 "/usr/lib/postgresql/<newest>/bin)">,
             ConfirmOnly, Group<grp_inputs>;

defm rounds : Eq<"rounds", "<N>",
                 "rounds before NOT REPRODUCED (default 200)">,
              ConfirmOnly, Group<grp_running>;
defm threads : Eq<"threads", "<N>",
                  "threads calling the function (default 4)">,
               ConfirmOnly, Group<grp_running>;
defm seed : Eq<"seed", "<S>", "seed of the first round (default: the clock)">,
            ConfirmOnly, Group<grp_running>;
defm replay : Eq<"replay", "<S>", "run the round with seed S once">,
              ConfirmOnly, Group<grp_running>;
defm timeout : Eq<"timeout", "<sec>", "time limit of one round (default 10)">,
               ConfirmOnly, Group<grp_running>;
// `--verify` takes its count only when the next argument is a number.
def verify : Flag<["--"], "verify">, MetaVarName<"[K]">,
             HelpText<"pass only if K rounds (default 50) are all clean">,
             ConfirmOnly, Group<grp_running>;
def verify_eq : Joined<["--"], "verify=">, ConfirmOnly;
def naive : Flag<["--"], "naive">,
            HelpText<"run the uninstrumented, unsteered baseline">,
            ConfirmOnly, Group<grp_running>;

defm emit_tests : Eq<"emit-tests", "<dir>",
                     "write a GoogleTest per confirmed finding">,
                  ConfirmOnly, Group<grp_output>;
def verbose : Flag<["--"], "verbose">,
              HelpText<"progress, full TSan reports, build logs">,
              ConfirmOnly, Group<grp_output>;
def v : Flag<["-"], "v">, Alias<verbose>, ConfirmOnly;
defm work_dir : Eq<"work-dir", "<dir>", "build and run there (kept)">,
                ConfirmOnly, Group<grp_output>;
def keep_work : Flag<["--"], "keep-work">,
                HelpText<"keep the temporary work directory">, ConfirmOnly,
                Group<grp_output>;
defm runtime : Eq<"runtime", "<lib>",
                  "libcta_rt.a to link (default: beside cta)">,
               ConfirmOnly, Group<grp_output>;

//--- cta report ------------------------------------------------------------

defm lint : Eq<"lint", "<file>",
               "SARIF from 'cta lint --format sarif' (or the plugin)">,
            ReportOnly, Group<grp_inputs>;
defm confirm : Eq<"confirm", "<file>", "SARIF from 'cta confirm --format sarif'">,
               ReportOnly, Group<grp_inputs>;
defm title : Eq<"title", "<text>", "the page's title (default: cta report)">,
             ReportOnly, Group<grp_output>;
