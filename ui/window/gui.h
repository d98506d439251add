#pragma once

/// The desktop dashboard's entry point: `tunescope` or `tunescope gui [SPEC.yaml | STUDY.db]`.
/// Creates the QApplication, opens the file given and shows the main window.
int runGui(int argc, char **argv);
