# bench_guiscale drives the chart widgets: it needs the ui library (and runs offscreen by default).
if(TARGET tunescope-ui AND TARGET bench_guiscale)
    target_link_libraries(bench_guiscale PRIVATE tunescope-ui)
endif()
