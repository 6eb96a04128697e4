def home():
    return "home"
