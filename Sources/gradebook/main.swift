print("gradebook")
