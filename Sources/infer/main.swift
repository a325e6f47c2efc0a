import InferCLI

InferMain.run()
