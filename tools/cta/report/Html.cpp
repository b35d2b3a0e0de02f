//===- Html.cpp - The `cta report` page -----------------------------------===//
//
/// \file
/// One self-contained HTML file, in the spirit of scan-build's reports: a
/// sortable summary table, then per finding the source excerpt with the
/// check and act lines marked, the suggested replacement, the verdict of
/// `cta confirm` and, for a confirmed race, its interleaving as an inline
/// SVG. Everything is inline (style, script, drawings): the page loads
/// nothing.
//
//===----------------------------------------------------------------------===//

#include "ReportModel.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <fmt/format.h>

namespace cta {
namespace {

/// Lines shown around the check and the act.
constexpr unsigned Context = 3;
/// An excerpt longer than this shows the two ends only.
constexpr unsigned MaxExcerpt = 40;

const char Style[] = R"css(
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1d2330; }
h1 { font-size: 22px; margin: 0 0 4px; }
p.totals { color: #555; margin: 0 0 16px; }
table.summary { border-collapse: collapse; margin-bottom: 28px; }
table.summary th, table.summary td { border: 1px solid #d5d9e2; padding: 4px 10px; text-align: left; }
table.summary th { background: #eef1f6; cursor: pointer; user-select: none; }
table.summary th[aria-sort=ascending]::after { content: " \25B2"; }
table.summary th[aria-sort=descending]::after { content: " \25BC"; }
.verdict-confirmed { color: #b00020; font-weight: bold; }
.verdict-other { color: #555; }
section.finding { border-top: 2px solid #d5d9e2; padding-top: 12px; margin-top: 24px; }
section.finding:target { background: #fffbe6; }
h2 { font-size: 17px; margin: 0 0 6px; }
h3 { font-size: 14px; margin: 14px 0 6px; }
code, pre { font: 12.5px/1.4 ui-monospace, monospace; }
pre.source { background: #f7f8fa; border: 1px solid #e1e4ea; padding: 6px 0; overflow-x: auto; }
pre.source .line { display: block; padding: 0 10px; white-space: pre; }
pre.source .ln { display: inline-block; width: 4em; color: #8a93a6; text-align: right; margin-right: 12px; }
pre.source .check { background: #dbeafe; }
pre.source .act { background: #fde2e2; }
pre.source .check.act { background: linear-gradient(90deg, #dbeafe, #fde2e2); }
pre.source .tag { float: right; font-weight: bold; margin-left: 12px; }
pre.source .check .tag { color: #1f5fa8; }
pre.source .act .tag { color: #b00020; }
pre.fix { background: #eefbea; border: 1px solid #cfe9c6; padding: 6px 10px; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2px 14px; margin: 6px 0; }
dl.facts dt { color: #555; }
dl.facts dd { margin: 0; }
.legend span { margin-right: 14px; }
.legend i { display: inline-block; width: 12px; height: 12px; vertical-align: -1px; margin-right: 4px; }
svg.timeline { border: 1px solid #e1e4ea; display: block; }
)css";

const char Script[] = R"js(
document.querySelectorAll('table.summary th').forEach(function (th, col) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0];
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    th.parentNode.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    var key = function (tr) { var c = tr.cells[col]; return c.getAttribute('data-sort') || c.textContent; };
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b), n = parseFloat(x) - parseFloat(y);
      var d = isNaN(n) ? x.localeCompare(y) : n;
      return asc ? d : -d;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
)js";

std::string baseName(llvm::StringRef Path) {
  return llvm::sys::path::filename(Path).str();
}

/// The lines of the finding's file from before the check to after the act.
std::string sourceExcerpt(const Finding &F) {
  const Site &C = F.Check, &A = F.Act;
  auto Buf = llvm::MemoryBuffer::getFile(C.File);
  bool SameFile = A.File == C.File;
  if (!Buf || !C.Line) {
    // Only the sites' own text.
    std::string S = "<pre class=\"source\">";
    S += fmt::format("<span class=\"line check\"><span class=\"ln\">{}</span>"
                     "{}<span class=\"tag\">check</span></span>",
                     C.Line, htmlEscape(C.Text));
    S += fmt::format("<span class=\"line act\"><span class=\"ln\">{}</span>"
                     "{}<span class=\"tag\">act</span></span>",
                     A.Line, htmlEscape(A.Text));
    return S + "</pre>\n";
  }
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  (*Buf)->getBuffer().split(Lines, '\n');
  unsigned First = C.Line, Last = C.Line;
  if (SameFile && A.Line) {
    First = std::min(First, A.Line);
    Last = std::max(Last, A.Line);
  }
  First = First > Context ? First - Context : 1;
  Last = std::min<unsigned>(Last + Context, Lines.size());
  std::string S = "<pre class=\"source\">";
  auto Near = [&](unsigned L) {
    auto Around = [&](unsigned Site) {
      return Site && L + Context >= Site && L <= Site + Context;
    };
    return Around(C.Line) || (SameFile && Around(A.Line));
  };
  bool Long = Last - First + 1 > MaxExcerpt;
  bool InGap = false;
  for (unsigned L = First; L <= Last; ++L) {
    if (Long && !Near(L)) {
      if (!InGap)
        S +=
            "<span class=\"line gap\"><span class=\"ln\">&#8942;</span></span>";
      InGap = true;
      continue;
    }
    InGap = false;
    bool IsCheck = L == C.Line, IsAct = SameFile && L == A.Line;
    std::string Class = IsCheck && IsAct ? " check act"
                        : IsCheck        ? " check"
                        : IsAct          ? " act"
                                         : "";
    std::string Tag = IsCheck && IsAct ? "check, act"
                      : IsCheck        ? "check"
                      : IsAct          ? "act"
                                       : "";
    S += fmt::format("<span class=\"line{}\"><span class=\"ln\">{}</span>{}{}"
                     "</span>",
                     Class, L, htmlEscape(Lines[L - 1].rtrim("\r")),
                     Tag.empty() ? ""
                                 : "<span class=\"tag\">" + Tag + "</span>");
  }
  S += "</pre>\n";
  if (!SameFile && A.Line)
    S += fmt::format("<p>act in <code>{}:{}</code>:</p><pre class=\"source\">"
                     "<span class=\"line act\"><span class=\"ln\">{}</span>{}"
                     "<span class=\"tag\">act</span></span></pre>\n",
                     htmlEscape(baseName(A.File)), A.Line, A.Line,
                     htmlEscape(A.Text));
  return S;
}

std::string verdictCell(const ReportEntry &E) {
  if (!E.HasVerdict)
    return "<span class=\"verdict-other\">not confirmed yet</span>";
  return fmt::format("<span class=\"{}\">{}</span>",
                     E.Confirmed ? "verdict-confirmed" : "verdict-other",
                     htmlEscape(E.Verdict));
}

std::string findingSection(const ReportEntry &E, size_t N) {
  const Finding &F = E.F;
  std::string S = fmt::format(
      "<section class=\"finding\" id=\"finding-{}\" data-rule=\"{}\">\n"
      "<h2>{}. {} <code>{}</code> &mdash; {}</h2>\n<p "
      "class=\"message\">{}</p>\n",
      N, htmlEscape(ruleName(F.Rule)), N, verdictCell(E),
      htmlEscape(F.Function.QualifiedName), htmlEscape(ruleName(F.Rule)),
      htmlEscape(F.Message));
  S += "<dl class=\"facts\">";
  S += fmt::format("<dt>check</dt><dd><code>{}</code> at {}:{}</dd>",
                   htmlEscape(F.Check.Text), htmlEscape(baseName(F.Check.File)),
                   F.Check.Line);
  S += fmt::format("<dt>act</dt><dd><code>{}</code> at {}:{}</dd>",
                   htmlEscape(F.Act.Text), htmlEscape(baseName(F.Act.File)),
                   F.Act.Line);
  if (!F.SharedBecause.empty())
    S += fmt::format("<dt>shared</dt><dd>{}</dd>", htmlEscape(F.SharedBecause));
  if (E.Seed)
    S += fmt::format("<dt>seed</dt><dd>{}</dd>", *E.Seed);
  for (const std::string &O : E.Oracles)
    S += fmt::format("<dt>oracle</dt><dd>{}</dd>", htmlEscape(O));
  if (!E.Replay.empty())
    S += fmt::format("<dt>replay</dt><dd><code>{}</code></dd>",
                     htmlEscape(E.Replay));
  S += "</dl>\n<h3>Source</h3>\n" + sourceExcerpt(F);
  S += "<h3>Suggested replacement</h3>\n<div class=\"replacement\"><p>" +
       htmlEscape(F.Replacement) + "</p>\n";
  for (const FixIt &X : F.Fixes)
    S += fmt::format("<p>fix-it at {}:{}:</p><pre class=\"fix\">{}</pre>\n",
                     htmlEscape(baseName(X.File)), X.Begin.Line,
                     htmlEscape(X.Replacement));
  S += "</div>\n";
  if (E.Confirmed && !E.Events.empty()) {
    S += "<h3>Interleaving</h3>\n<p class=\"legend\">"
         "<span><i style=\"background:#1f77b4;border-radius:6px\"></i>check "
         "saw absent</span><span><i style=\"background:#d62728\"></i>act"
         "</span><span><i style=\"background:#b0b0b0\"></i>parked in the "
         "window</span><span><i style=\"background:#2ca02c;border-radius:6px\">"
         "</i>result</span><span>dashed arrow: the act that made a check "
         "stale</span></p>\n";
    S += renderTimelineSvg(E.Events, "timeline-" + std::to_string(N));
  }
  return S + "</section>\n";
}

} // namespace

std::string htmlEscape(llvm::StringRef Text) {
  std::string Out;
  Out.reserve(Text.size());
  for (char C : Text) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '"':
      Out += "&quot;";
      break;
    case '\'':
      Out += "&#39;";
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

std::string renderHtml(const std::vector<ReportEntry> &Entries,
                       llvm::StringRef Title) {
  size_t Confirmed =
      llvm::count_if(Entries, [](const ReportEntry &E) { return E.Confirmed; });
  size_t Judged = llvm::count_if(
      Entries, [](const ReportEntry &E) { return E.HasVerdict; });
  std::string S = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width\">\n"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<h1>{}</h1>\n"
      "<p class=\"totals\">{} finding{}, {} confirmed by <code>cta "
      "confirm</code>, {} not confirmed or skipped, {} not run</p>\n",
      htmlEscape(Title), Style, htmlEscape(Title), Entries.size(),
      Entries.size() == 1 ? "" : "s", Confirmed, Judged - Confirmed,
      Entries.size() - Judged);
  S += "<table class=\"summary\" id=\"summary\">\n<thead><tr><th>#</th>"
       "<th>Rule</th><th>File</th><th>Function</th><th>Verdict</th></tr>"
       "</thead>\n<tbody>\n";
  for (size_t I = 0; I < Entries.size(); ++I) {
    const Finding &F = Entries[I].F;
    std::string Where =
        fmt::format("{}:{}", baseName(F.Check.File), F.Check.Line);
    S += fmt::format(
        "<tr><td data-sort=\"{0}\"><a href=\"#finding-{0}\">{0}</a></td>"
        "<td>{1}</td><td data-sort=\"{2}:{3:08}\">{4}</td><td><code>{5}</code>"
        "</td><td data-sort=\"{6}\">{7}</td></tr>\n",
        I + 1, htmlEscape(ruleName(F.Rule)), htmlEscape(baseName(F.Check.File)),
        F.Check.Line, htmlEscape(Where), htmlEscape(F.Function.QualifiedName),
        Entries[I].Confirmed    ? 0
        : Entries[I].HasVerdict ? 1
                                : 2,
        verdictCell(Entries[I]));
  }
  S += "</tbody>\n</table>\n";
  for (size_t I = 0; I < Entries.size(); ++I)
    S += findingSection(Entries[I], I + 1);
  S += fmt::format("<script>{}</script>\n</body>\n</html>\n", Script);
  return S;
}

} // namespace cta
