incident_story_contract::conformance_tests!(incident_story_exercise::MyStory);
