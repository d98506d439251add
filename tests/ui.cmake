# tst_gui runs a short study with the bundled C++ trainer.
if(TARGET tst_gui)
    add_dependencies(tst_gui spirals-trainer)
endif()
