// Stands in for the export header CMake generates in a trantor build.
#pragma once
#define TRANTOR_EXPORT
