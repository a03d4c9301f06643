evidence::demo_tests!(garbage_collection::demo::run);
