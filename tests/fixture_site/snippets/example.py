# --8<-- [start:greeting]
print("hello from a snippet")
# --8<-- [end:greeting]
