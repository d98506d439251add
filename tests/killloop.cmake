# tst_killloop reads the database behind Tunescope's back (integrity_check) and drives the
# real command line.
target_link_libraries(tst_killloop PRIVATE Qt6::Sql)
add_dependencies(tst_killloop tunescope)
set_tests_properties(tst_killloop PROPERTIES TIMEOUT 180)
