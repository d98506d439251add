# tst_storage sets up foreign and odd databases behind Storage's back, so it talks SQL itself.
target_link_libraries(tst_storage PRIVATE Qt6::Sql)
