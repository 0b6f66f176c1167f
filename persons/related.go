package persons
