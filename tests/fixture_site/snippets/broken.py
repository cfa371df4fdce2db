print("this snippet refers to a name it never defines")
print(undefined_name)
