# tst_pareto drives the Pareto chart widget offscreen (QT_QPA_PLATFORM is set for every suite).
if(TARGET tunescope-ui AND TARGET tst_pareto)
    target_link_libraries(tst_pareto PRIVATE tunescope-ui Qt6::Svg)
endif()
