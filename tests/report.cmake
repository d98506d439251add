# tst_report and tst_compare render reports: they need the widgets library (charts) and QtSvg.
if(TARGET tunescope-ui)
    foreach(suite tst_report tst_compare)
        target_link_libraries(${suite} PRIVATE tunescope-ui Qt6::Svg)
    endforeach()
endif()
