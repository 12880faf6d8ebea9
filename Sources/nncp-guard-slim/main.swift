print("slim")
