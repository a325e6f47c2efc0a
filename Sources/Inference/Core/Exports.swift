/// `import Inference` brings the `GSL` layer with it: the types in the library's public
/// signatures (`Matrix` in a model's Hessian, `RandomGenerator` for simulation, the
/// distributions) need no second import. `GSL` is also a product of its own, for a program that
/// wants only the safe Swift face of GSL.
@_exported import GSL
