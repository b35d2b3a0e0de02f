// cta-map-get-or-add on a namespace-scope map; the rewrite is mechanical,
// so the finding carries a fix-it.
#include "table.h"
#include <map>
#include <string>

std::map<std::string, int> g_ports;

void remember(const std::string &host, int port) {
  if (g_ports.find(host) == g_ports.end()) g_ports[host] = port;
}
