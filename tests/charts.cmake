# tst_charts drives the chart widgets offscreen (QT_QPA_PLATFORM is set for every suite).
if(TARGET tunescope-ui)
    target_link_libraries(tst_charts PRIVATE tunescope-ui Qt6::Svg)
endif()
