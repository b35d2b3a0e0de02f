//===- Timeline.cpp - An interleaving as an SVG swimlane ------------------===//
//
/// \file
/// One lane per thread, the events of all threads on one time axis (their
/// order in the round), a park drawn as a bar from the check to the moment
/// the thread resumed, and an arrow from each check that saw "absent" to the
/// act of another thread that made the check stale before its own act.
//
//===----------------------------------------------------------------------===//

#include "ReportModel.h"
#include <fmt/format.h>
#include <map>

namespace cta {
namespace {

constexpr unsigned LeftMargin = 56;
constexpr unsigned TopMargin = 30;
constexpr unsigned LaneHeight = 56;
constexpr unsigned Step = 64;
/// Longer timelines are cut: the race is at their start.
constexpr size_t MaxEvents = 48;

const char *CheckColor = "#1f77b4";
const char *ActColor = "#d62728";
const char *ParkColor = "#b0b0b0";
const char *ResultColor = "#2ca02c";

struct Placed {
  const ReportEvent *E;
  unsigned X, Y;
};

std::string label(const ReportEvent &E) {
  std::string Where =
      E.File.empty() ? "" : fmt::format(" at {}:{}", E.File, E.Line);
  return (E.Message.empty() ? "T" + std::to_string(E.Thread) + " " + E.Kind
                            : E.Message) +
         Where;
}

} // namespace

std::string renderTimelineSvg(const std::vector<ReportEvent> &All,
                              llvm::StringRef Id) {
  std::vector<const ReportEvent *> Events;
  for (const ReportEvent &E : All)
    if (Events.size() < MaxEvents)
      Events.push_back(&E);
  std::map<unsigned, unsigned> Lane; // thread -> lane index
  for (const ReportEvent *E : Events)
    Lane.try_emplace(E->Thread, 0);
  unsigned N = 0;
  for (auto &[Thread, Index] : Lane)
    Index = N++;

  std::vector<Placed> P;
  for (size_t I = 0; I < Events.size(); ++I)
    P.push_back({Events[I], unsigned(LeftMargin + Step / 2 + I * Step),
                 unsigned(TopMargin + Lane[Events[I]->Thread] * LaneHeight +
                          LaneHeight / 2)});
  unsigned Width = LeftMargin + unsigned(Events.size()) * Step + 16;
  unsigned Height = TopMargin + N * LaneHeight + 24;

  std::string S = fmt::format(
      "<svg id=\"{0}\" class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" "
      "width=\"{1}\" height=\"{2}\" viewBox=\"0 0 {1} {2}\" role=\"img\" "
      "aria-label=\"interleaving of {3} threads\">\n",
      htmlEscape(Id), Width, Height, N);
  std::string Marker = Id.str() + "-arrow";
  S += fmt::format(
      "<defs><marker id=\"{0}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
      "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
      "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"{1}\"/></marker></defs>\n",
      htmlEscape(Marker), ActColor);
  S += "<rect class=\"background\" x=\"0\" y=\"0\" width=\"100%\" "
       "height=\"100%\" fill=\"#ffffff\"/>\n";

  // The time axis: one tick per event.
  S += fmt::format("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" "
                   "y2=\"{}\" stroke=\"#888888\"/>\n",
                   LeftMargin, TopMargin - 8, Width - 8, TopMargin - 8);
  for (size_t I = 0; I < P.size(); ++I)
    S += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" "
                     "text-anchor=\"middle\" font-size=\"10\" "
                     "fill=\"#666666\">{}</text>\n",
                     P[I].X, TopMargin - 12, P[I].E->Order);

  // Lanes.
  for (auto &[Thread, Index] : Lane) {
    unsigned Y = TopMargin + Index * LaneHeight + LaneHeight / 2;
    S += fmt::format(
        "<g class=\"lane\" data-thread=\"T{0}\"><rect x=\"0\" y=\"{1}\" "
        "width=\"{2}\" height=\"{3}\" fill=\"{4}\"/><text class=\"lane-label\" "
        "x=\"8\" y=\"{5}\" font-size=\"13\" font-weight=\"bold\" "
        "fill=\"#333333\">T{0}</text><line x1=\"{6}\" y1=\"{5}\" x2=\"{7}\" "
        "y2=\"{5}\" stroke=\"#cccccc\" stroke-width=\"2\"/></g>\n",
        Thread, TopMargin + Index * LaneHeight, Width, LaneHeight,
        Index % 2 ? "#f4f6fa" : "#fbfbfd", Y + 4, LeftMargin, Width - 8);
  }

  // Parks: a bar from the thread's check to where it resumed.
  for (size_t I = 0; I < P.size(); ++I) {
    if (P[I].E->Kind != "park")
      continue;
    unsigned From = P[I].X;
    for (size_t J = I; J-- > 0;)
      if (P[J].E->Thread == P[I].E->Thread && P[J].E->Kind == "check") {
        From = P[J].X;
        break;
      }
    S += fmt::format("<rect class=\"ev ev-park\" x=\"{}\" y=\"{}\" "
                     "width=\"{}\" height=\"10\" rx=\"5\" fill=\"{}\">"
                     "<title>{}</title></rect>\n",
                     From, P[I].Y - 5, P[I].X - From + 1, ParkColor,
                     htmlEscape(label(*P[I].E)));
  }

  // Arrows: a check that saw "absent", to the first act of another thread
  // that came after it and before the checking thread's own act.
  for (size_t I = 0; I < P.size(); ++I) {
    const ReportEvent &C = *P[I].E;
    if (C.Kind != "check" || !C.SawAbsent)
      continue;
    for (size_t J = I + 1; J < P.size(); ++J) {
      const ReportEvent &A = *P[J].E;
      if (A.Kind != "act")
        continue;
      if (A.Thread == C.Thread)
        break;
      int Bend = P[J].Y > P[I].Y ? -18 : 18;
      S += fmt::format(
          "<path class=\"broke\" data-check=\"{}\" data-act=\"{}\" "
          "d=\"M {} {} C {} {}, {} {}, {} {}\" fill=\"none\" stroke=\"{}\" "
          "stroke-width=\"1.5\" stroke-dasharray=\"4 3\" "
          "marker-end=\"url(#{})\"><title>{}</title></path>\n",
          C.Order, A.Order, P[I].X, P[I].Y, (P[I].X + P[J].X) / 2,
          int(P[I].Y) + Bend, (P[I].X + P[J].X) / 2, int(P[J].Y) + Bend,
          P[J].X - 9, P[J].Y, ActColor, htmlEscape(Marker),
          htmlEscape(fmt::format("T{}'s act made T{}'s check stale", A.Thread,
                                 C.Thread)));
      break;
    }
  }

  // The events themselves, on top.
  for (const Placed &Q : P) {
    const ReportEvent &E = *Q.E;
    std::string Title = htmlEscape(label(E));
    if (E.Kind == "check")
      S += fmt::format(
          "<circle class=\"ev ev-check\" data-order=\"{}\" cx=\"{}\" "
          "cy=\"{}\" r=\"9\" fill=\"{}\" stroke=\"#0b3a5e\"><title>{}"
          "</title></circle>\n",
          E.Order, Q.X, Q.Y, E.SawAbsent ? CheckColor : "#9ecae1", Title);
    else if (E.Kind == "act")
      S += fmt::format("<rect class=\"ev ev-act\" data-order=\"{}\" x=\"{}\" "
                       "y=\"{}\" width=\"18\" height=\"18\" fill=\"{}\" "
                       "stroke=\"#6b0f10\"><title>{}</title></rect>\n",
                       E.Order, Q.X - 9, Q.Y - 9, ActColor, Title);
    else if (E.Kind == "result")
      S += fmt::format("<circle class=\"ev ev-result\" data-order=\"{}\" "
                       "cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{}\"><title>{}"
                       "</title></circle>\n",
                       E.Order, Q.X, Q.Y, ResultColor, Title);
    else if (E.Kind == "park")
      continue;
    std::string Word = E.Kind == "check" ? (E.SawAbsent ? "absent" : "present")
                       : E.Kind == "result" ? ""
                                            : E.Kind;
    if (!Word.empty())
      S += fmt::format("<text class=\"ev-label\" x=\"{}\" y=\"{}\" "
                       "text-anchor=\"middle\" font-size=\"10\" "
                       "fill=\"#333333\">{}</text>\n",
                       Q.X, Q.Y + 22, Word);
  }
  if (All.size() > Events.size())
    S += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" "
                     "fill=\"#666666\">{} more events not drawn</text>\n",
                     LeftMargin, Height - 6, All.size() - Events.size());
  S += "</svg>\n";
  return S;
}

} // namespace cta
